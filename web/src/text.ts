// Words for numbers, shared by the pages.

/** "1 view", "2 views", "1,204 views". */
export function count(n: number, one: string, many: string = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
