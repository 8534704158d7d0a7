/**
 * What this process has told already, so a message a feed repeats at every item is told once at
 * the level people read. Keeps at most `kept` entries; past that it starts afresh (a repeat is then
 * told once more, which is harmless), so a long-running worker does not grow without end.
 */
export class ToldOnce {
  private readonly told = new Set<string>();

  constructor(private readonly kept: number) {}

  /** True the first time `key` is seen (and since the last fresh start). */
  first(key: string): boolean {
    if (this.told.has(key)) return false;
    if (this.told.size >= this.kept) this.told.clear();
    this.told.add(key);
    return true;
  }
}
