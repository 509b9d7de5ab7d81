/** "Riverside Recovery Homes'" and "Dana's": English possessive for a name. */
export function possessive(name: string) {
  return /s$/i.test(name.trim()) ? `${name}’` : `${name}’s`;
}
