/**
 * `value` without the runs of `char` at its start and end. Linear time on purpose: the regex
 * `/^c+|c+$/g` is quadratic on a long run of `c` followed by another character (the engine retries
 * `c+$` from every position of the run), and 100,000 slashes in one CSV cell took ~25 s.
 */
export function trimChar(value: string, char: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value[start] === char) start += 1;
  while (end > start && value[end - 1] === char) end -= 1;
  return value.slice(start, end);
}
