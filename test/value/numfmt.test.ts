// Expected strings are CppNix 2.26's output (checked with the reference
// nix-instantiate, and differentially on ~9500 random doubles).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloatF, formatFloatG, formatFloatJSON, signBit } from '../../src/value/numfmt.js';

const inf = Number.POSITIVE_INFINITY;

function negNaN(): number {
  // inf - inf at run time gives the x86 default NaN, sign bit set, as in CppNix.
  const f = new Float64Array([NaN]);
  new Uint8Array(f.buffer)[7]! |= 0x80;
  return f[0]!;
}

describe('%g (nix-instantiate --eval)', () => {
  const cases: Array<[number, string]> = [
    [1, '1'],
    [0.1, '0.1'],
    [1e21, '1e+21'],
    [1.5e-7, '1.5e-07'],
    [-0, '-0'],
    [0, '0'],
    [123456.7, '123457'],
    [1234567, '1.23457e+06'],
    [12345678912345, '1.23457e+13'],
    [0.1234567, '0.123457'],
    [1 / 3, '0.333333'],
    [9.88131291682493e-324, '9.88131e-324'],
    [1.7976931348623157e308, '1.79769e+308'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [0.00012345678, '0.000123457'],
    [1e100, '1e+100'],
    [100, '100'],
    [567.89, '567.89'],
    [999999.5, '1e+06'],
    [inf, 'inf'],
    [-inf, '-inf'],
  ];
  for (const [x, s] of cases) it(`${x} → ${s}`, () => assert.equal(formatFloatG(x), s));

  it('rounds exact ties to even, like glibc', () => {
    assert.equal(formatFloatG(1234565), '1.23456e+06');
    assert.equal(formatFloatG(1234575), '1.23458e+06');
    assert.equal(formatFloatG(0.0078125), '0.0078125');
  });

  it('prints NaN with its sign', () => {
    assert.equal(formatFloatG(NaN), 'nan');
    assert.equal(formatFloatG(negNaN()), '-nan');
    assert.equal(signBit(negNaN()), true);
    assert.equal(signBit(-0), true);
  });
});

describe('%f (toString)', () => {
  const cases: Array<[number, string]> = [
    [1.5, '1.500000'],
    [-0, '-0.000000'],
    [1e-5, '0.000010'],
    [1e-4, '0.000100'],
    [123456.7, '123456.700000'],
    [1e21, '1000000000000000000000.000000'],
    [0.1234567, '0.123457'],
    [5e-7, '0.000000'],
    [-0.5, '-0.500000'],
    [123456789.123, '123456789.123000'],
    [inf, 'inf'],
    [-inf, '-inf'],
  ];
  for (const [x, s] of cases) it(`${x} → ${s}`, () => assert.equal(formatFloatF(x), s));

  it('rounds ties to even', () => {
    assert.equal(formatFloatF(0.0078125), '0.007812');
    assert.equal(formatFloatF(0.0234375), '0.023438');
  });

  it('prints huge values in full', () => {
    assert.equal(
      formatFloatF(1e300),
      '1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000',
    );
  });

  it('prints negative NaN as -nan', () => assert.equal(formatFloatF(negNaN()), '-nan'));
});

describe('nlohmann doubles (toJSON)', () => {
  const cases: Array<[number, string]> = [
    [-0, '-0.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456.7, '123456.7'],
    [1234567, '1234567.0'],
    [1e21, '1e+21'],
    [0.1234567, '0.1234567'],
    [1 / 3, '0.3333333333333333'],
    [9.88131291682493e-324, '1e-323'],
    [1, '1.0'],
    [100, '100.0'],
    [1e15, '1e+15'],
    [1e16, '1e+16'],
    [1.5e-7, '1.5e-07'],
    [Number('123456789012345678'), '1.2345678901234568e+17'],
    [Number('12345678901234567890'), '1.2345678901234567e+19'],
    [0.000123, '0.000123'],
    [1.44, '1.44'],
    [NaN, 'null'],
    [inf, 'null'],
  ];
  for (const [x, s] of cases) it(`${x} → ${s}`, () => assert.equal(formatFloatJSON(x), s));

  it('reproduces Grisu2 where it is not the shortest form', () => {
    assert.equal(formatFloatJSON(44.6159675), '44.615967499999996');
    assert.equal(formatFloatJSON(204340300903474.38), '204340300903474.37');
    assert.equal(formatFloatJSON(18649487249519810), '1.8649487249519808e+16');
  });
});
