/** The rooms page's choices and words (no zod here: the page ships none; the schemas are in forms.server.ts). */
export const KIND_OPTIONS = [
  { value: "adult", label: "Adult (counts toward capacity)" },
  { value: "child", label: "Child (families; not counted)" },
];

/** "1 room", "3 beds". */
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
