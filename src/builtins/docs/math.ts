// Docs of the arithmetic, comparison and bitwise builtins.

import { type BuiltinDoc, doc, ex } from './format.js';

export const mathDocs: readonly BuiltinDoc[] = [
  doc(
    'add',
    ['a', 'b'],
    'The sum of two numbers, what `a + b` computes for numbers. Two integers give an integer, and going past the 64-bit signed range is an error ' +
      'rather than a wrap-around; if either is a float, the result is a float. Unlike `+`, it does not concatenate strings or paths.',
    [
      ex('builtins.add 2 3', '5'),
      ex('builtins.add 1 0.5', '1.5'),
      ex('builtins.add 9223372036854775807 1', 'error: integer overflow in adding 9223372036854775807 + 1'),
    ],
  ),
  doc(
    'sub',
    ['a', 'b'],
    '`a` minus `b`, as `a - b`. Integers stay integers (overflow is an error), and a float on either side makes the result a float.',
    [ex('builtins.sub 10 3', '7'), ex('builtins.sub 1.5 1', '0.5')],
  ),
  doc(
    'mul',
    ['a', 'b'],
    'The product of two numbers, as `a * b`. Two integers give an integer, an error if the product does not fit in 64 bits; with a float the result is a float.',
    [ex('builtins.mul 6 7', '42'), ex('builtins.mul 2 0.25', '0.5')],
  ),
  doc(
    'div',
    ['a', 'b'],
    '`a` divided by `b`, as `a / b`. For two integers it is integer division, rounding toward zero; if either is a float, the quotient is a float. ' +
      'Dividing by zero (integer or float) is an error.',
    [
      ex('builtins.div 7 2', '3'),
      ex('builtins.div (-7) 2', '-3'),
      ex('builtins.div 7.0 2', '3.5'),
      ex('builtins.div 1 0', 'error: division by zero'),
    ],
  ),
  doc(
    'lessThan',
    ['a', 'b'],
    'Whether `a` is less than `b`, as `a < b`: numbers compare by value (an integer and a float may be mixed), strings and paths by their bytes, ' +
      'and lists element by element, a shorter list coming first when it is a prefix of the other. Other values, such as sets and functions, cannot ' +
      'be ordered, and comparing them is an error. `builtins.sort builtins.lessThan` sorts in ascending order.',
    [ex('builtins.lessThan 1 1.5', 'true'), ex('builtins.lessThan "B" "a"', 'true'), ex('builtins.lessThan [ 1 2 ] [ 1 2 0 ]', 'true')],
  ),
  doc(
    'bitAnd',
    ['a', 'b'],
    "The bitwise AND of two integers, in 64-bit two's complement: each bit of the result is set where it is set in both. Floats are rejected.",
    [ex('builtins.bitAnd 12 10', '8'), ex('builtins.bitAnd (-1) 6', '6')],
  ),
  doc(
    'bitOr',
    ['a', 'b'],
    'The bitwise OR of two integers: each bit of the result is set where it is set in either. Both must be integers.',
    [ex('builtins.bitOr 12 10', '14')],
  ),
  doc(
    'bitXor',
    ['a', 'b'],
    'The bitwise exclusive OR of two integers: each bit of the result is set where exactly one of them has it set. ' +
      'XOR with the same number twice gives back the original.',
    [ex('builtins.bitXor 12 10', '6'), ex('builtins.bitXor (builtins.bitXor 5 3) 3', '5')],
  ),
  doc(
    'ceil',
    ['x'],
    'Rounds a number up to the nearest integer and returns it as an integer; an integer is returned unchanged. ' +
      'A float outside the 64-bit integer range does not give a meaningful result.',
    [ex('builtins.ceil 1.2', '2'), ex('builtins.ceil (-1.5)', '-1'), ex('builtins.ceil 3', '3')],
  ),
  doc(
    'floor',
    ['x'],
    'Rounds a number down to the nearest integer and returns it as an integer; an integer is returned unchanged. ' +
      'Negative numbers go away from zero (`-1.2` gives `-2`).',
    [ex('builtins.floor 1.8', '1'), ex('builtins.floor (-1.2)', '-2')],
  ),
];
