import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deserializeTables } from '../../src/syntax/lalr.js';
import { freshTables } from '../../src/syntax/parser.js';
import { PREBUILT_FINGERPRINT, PREBUILT_TABLES } from '../../src/syntax/tables.js';

describe('parser tables', () => {
  const fresh = freshTables();
  it('are resolved by precedence, as bison resolves them (%expect 0)', () => {
    assert.equal(fresh.tables.conflicts, 0);
  });
  it('ship prebuilt for the current grammar (else regenerate tables.ts, see freshTables)', () => {
    assert.equal(PREBUILT_FINGERPRINT, fresh.fingerprint);
    const prebuilt = deserializeTables(PREBUILT_TABLES);
    assert.deepEqual({ ...prebuilt, conflicts: 0 }, { ...fresh.tables, conflicts: 0 });
  });
});
