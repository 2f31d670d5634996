import { describe, expect, it } from 'vitest';
import { firstDifference } from './first-difference.js';

describe('firstDifference', () => {
  it('is null for equal texts', () => {
    expect(firstDifference('a\nb', 'a\nb')).toBeNull();
  });

  it('names line, column and the element path in pan XML', () => {
    const expected = '<?xml?><nlist name="profile">\n    <nlist name="a">\n        <list name="l">\n            <long>1</long>\n        </list>\n    </nlist>\n</nlist>\n';
    const actual = expected.replace('<long>1</long>', '<long>2</long>');
    expect(firstDifference(expected, actual)).toBe(
      [
        'first difference at line 4, column 19 (element /a/l/*)',
        '  expected: "            <long>1</long>"',
        '  actual:   "            <long>2</long>"',
      ].join('\n'),
    );
  });

  it('names the path in JSON and says when a text ends early', () => {
    const expected = '{\n  "a": {\n    "b": 1\n  }\n}';
    expect(firstDifference(expected, '{\n  "a": {\n    "b": 12\n  }\n}')).toMatch(/line 3, column 11 \(element \/a\/b\)/);
    expect(firstDifference(expected, '{\n  "a": {')).toMatch(/actual: {3}"  \\"a\\": {" \(text ends here\)/);
  });
});
