import { nestingOf } from './json-body';

describe('nestingOf', () => {
  it('counts how deep arrays and objects nest', () => {
    expect(nestingOf('1')).toBe(0);
    expect(nestingOf('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(nestingOf('[[],[[]]]')).toBe(3);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(nestingOf('{"a":"[[[{{{"}')).toBe(1);
    expect(nestingOf('{"a":"\\"[[[","b":[]}')).toBe(2);
    expect(nestingOf('["\\\\",[]]')).toBe(2);
  });

  it('stops counting past the limit, however deep the text goes', () => {
    expect(nestingOf('['.repeat(1_000_000), 32)).toBe(33);
  });
});
