/**
 * "1 post", "5 posts": a count with its noun (or its noun and verb: "1 post waits", "2 posts wait")
 * in the right number, so what people read says it as a person would, not "post(s)".
 */
export function counted(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
