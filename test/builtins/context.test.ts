// String context builtins, checked against CppNix 2.26.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evalError, evalErrorReport, evalNix } from '../helpers.js';

const H = '/nix/store/00000000000000000000000000000000';
const DRV = `${H}-foo.drv`;

/** A string "x" with the given context description (appendContext's argument). */
const withCtx = (desc: string, s = 'x') => `(builtins.appendContext "${s}" ${desc})`;

describe('getContext and appendContext', () => {
  it('round-trip every kind of element', () => {
    assert.equal(
      evalNix(`builtins.getContext ${withCtx(`{ "${DRV}" = { outputs = [ "b" "a" "a" ]; allOutputs = true; path = true; }; }`)}`),
      `{ "${DRV}" = { allOutputs = true; outputs = [ "a" "b" ]; path = true; }; }`,
    );
    assert.equal(
      evalNix(`builtins.getContext ${withCtx(`{ "${H}-a" = { path = true; }; "${DRV}" = { outputs = [ "out" ]; }; }`)}`),
      `{ "${H}-a" = { path = true; }; "${DRV}" = { outputs = [ "out" ]; }; }`,
    );
  });

  it('gives an empty set for a string without context', () => {
    assert.equal(evalNix('builtins.getContext "foo"'), '{ }');
    assert.equal(evalNix(`builtins.getContext ${withCtx(`{ "${H}-a" = { }; }`)}`), '{ }');
    assert.equal(evalNix(`builtins.getContext ${withCtx(`{ "${H}-a" = { path = false; outputs = [ ]; }; }`)}`), '{ }');
  });

  it('adds to the context already there', () => {
    const inner = withCtx(`{ "${H}-a" = { path = true; }; }`);
    assert.equal(
      evalNix(`builtins.getContext (builtins.appendContext ${inner} { "${H}-b" = { path = true; }; })`),
      `{ "${H}-a" = { path = true; }; "${H}-b" = { path = true; }; }`,
    );
  });

  it('canonicalises keys, judging derivations by the key as written', () => {
    assert.equal(
      evalNix(`builtins.getContext ${withCtx(`{ "/nix/store//00000000000000000000000000000000-a/" = { path = true; }; }`)}`),
      `{ "${H}-a" = { path = true; }; }`,
    );
    assert.match(
      evalError(withCtx(`{ "/nix/store//00000000000000000000000000000000-foo.drv/" = { outputs = [ "out" ]; }; }`)),
      /tried to add derivation output context of .*, which is not a derivation, to a string/,
    );
  });

  it('rejects keys that are not store paths', () => {
    assert.equal(evalError(withCtx('{ foo = { }; }')), "context key 'foo' is not a store path");
    assert.equal(evalError(withCtx('{ "/nix/store/foo" = { }; }')), `context key '"/nix/store/foo"' is not a store path`);
    for (const bad of [
      '/nix/store/e0000000000000000000000000000000-foo', // e is not a nix32 digit
      `${H}-`,
      `${H}-.`,
      `${H}-..-foo`,
      `${H}-a b`,
      `${H}-${'a'.repeat(212)}`,
      '/nix/store/../nix/store/00000000000000000000000000000000-foo',
    ]) {
      assert.match(evalError(withCtx(`{ "${bad}" = { }; }`)), /is not a store path$/, bad);
    }
    for (const good of [`${H}-...-foo`, `${H}-.foo`, `${H}-a?=+_`, `${H}-${'a'.repeat(211)}`, `${H}Xfoo`]) {
      assert.equal(evalNix(withCtx(`{ "${good}" = { path = true; }; }`)), '"x"', good);
    }
  });

  it('refuses derivation contexts on non-derivations', () => {
    assert.equal(
      evalError(withCtx(`{ "${H}-foo" = { allOutputs = true; }; }`)),
      `tried to add all-outputs context of "${H}-foo", which is not a derivation, to a string`,
    );
    assert.equal(
      evalError(withCtx(`{ "${H}-foo" = { outputs = [ "out" ]; }; }`)),
      `tried to add derivation output context of "${H}-foo", which is not a derivation, to a string`,
    );
    assert.equal(evalNix(withCtx(`{ "${H}-foo" = { outputs = [ ]; }; }`)), '"x"');
  });

  it('reports bad values with their positions', () => {
    const report = evalErrorReport(withCtx(`{ "${H}-foo" = { path = 1; }; }`));
    assert.match(report, /while evaluating the `path` attribute of a string context\n\s+at .*:1:85:/);
    assert.match(report, /expected a Boolean but found an integer: 1/);
    assert.match(evalErrorReport(withCtx(`{ "${H}-foo" = 1; }`)), /while evaluating the value of a string context/);
    assert.match(
      evalErrorReport(withCtx(`{ "${DRV}" = { outputs = [ 1 ]; }; }`)),
      /while evaluating an output name within a string context/,
    );
    assert.match(evalErrorReport('builtins.appendContext 1 { }'), /while evaluating the first argument passed to builtins.appendContext/);
  });
});

describe('hasContext and the discarding builtins', () => {
  const drvDeep = withCtx(`{ "${DRV}" = { allOutputs = true; }; }`);
  const built = withCtx(`{ "${DRV}" = { outputs = [ "out" ]; }; }`);

  it('hasContext', () => {
    assert.equal(evalNix('builtins.hasContext ""'), 'false');
    assert.equal(evalNix(`builtins.hasContext ${drvDeep}`), 'true');
    assert.match(evalErrorReport('builtins.hasContext 1'), /while evaluating the argument passed to builtins.hasContext/);
  });

  it('unsafeDiscardStringContext', () => {
    assert.equal(evalNix(`builtins.hasContext (builtins.unsafeDiscardStringContext ${drvDeep})`), 'false');
    assert.equal(evalNix('builtins.unsafeDiscardStringContext { outPath = "a"; }'), '"a"');
    assert.equal(evalError('builtins.unsafeDiscardStringContext 1'), 'cannot coerce an integer to a string: 1');
  });

  it('unsafeDiscardOutputDependency turns all-outputs into the plain .drv', () => {
    assert.equal(evalNix(`builtins.getContext (builtins.unsafeDiscardOutputDependency ${drvDeep})`), `{ "${DRV}" = { path = true; }; }`);
    assert.equal(
      evalNix(`builtins.getContext (builtins.unsafeDiscardOutputDependency ${built})`),
      `{ "${DRV}" = { outputs = [ "out" ]; }; }`,
    );
  });

  it('addDrvOutputDependencies is the inverse, and idempotent', () => {
    const plain = withCtx(`{ "${DRV}" = { path = true; }; }`);
    assert.equal(evalNix(`builtins.getContext (builtins.addDrvOutputDependencies ${plain})`), `{ "${DRV}" = { allOutputs = true; }; }`);
    assert.equal(evalNix(`builtins.addDrvOutputDependencies ${drvDeep} == ${drvDeep}`), 'true');
  });

  it('addDrvOutputDependencies needs exactly one derivation element', () => {
    assert.equal(evalError('builtins.addDrvOutputDependencies ""'), "context of string '' must have exactly one element, but has 0");
    assert.equal(
      evalError(`builtins.addDrvOutputDependencies ${withCtx(`{ "${H}-a" = { path = true; }; "${H}-b" = { path = true; }; }`)}`),
      "context of string 'x' must have exactly one element, but has 2",
    );
    assert.equal(
      evalError(`builtins.addDrvOutputDependencies ${built}`),
      "`addDrvOutputDependencies` can only act on derivations, not on a derivation output such as 'out'",
    );
    assert.equal(
      evalError(`builtins.addDrvOutputDependencies ${withCtx(`{ "${H}-a" = { path = true; }; }`)}`),
      `path '${H}-a' is not a derivation`,
    );
  });
});
