/** Names differing only in "." vs "_" collide in Kafka's metric names; Kafka warns, we refuse. */
export function collidingTopic(name: string, existing: ReadonlyArray<string>): string | undefined {
  const key = name.replace(/\./g, '_');
  return existing.find((e) => e !== name && e.replace(/\./g, '_') === key);
}
