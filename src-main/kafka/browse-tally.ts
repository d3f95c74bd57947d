import { matchesJsonPath, parseJsonPath } from '../common/json-path';
import type { ScanJob } from './browse-protocol';
import { containsMatcher, headerList, recordBytes, recordContains, renderBytes, type RecordParts } from './record-view';
import type { BrowseResult } from './schemas';

/**
 * What a scan has seen and kept, whichever client reads the records: the filters (text, JSON path), the limit and the
 * byte budget, and per partition the first offset not yet looked at, which is where a next page starts.
 */
export class ScanTally {
  private readonly collected: BrowseResult['messages'] = [];
  private scanned = 0;
  private bytes = 0;
  private readonly needle: RegExp | undefined;
  private readonly jsonPath: ReturnType<typeof parseJsonPath> | undefined;
  private readonly position: Map<number, number>;
  private readonly stops: Map<number, number>;

  constructor(private readonly job: ScanJob) {
    this.needle = job.contains !== undefined ? containsMatcher(job.contains) : undefined;
    this.jsonPath = job.jsonPath !== undefined ? parseJsonPath(job.jsonPath) : undefined;
    this.position = new Map(job.partitions.map((p) => [p.partition, p.start]));
    this.stops = new Map(job.partitions.map((p) => [p.partition, p.stop]));
  }

  /** Looks at one record (offsets in order per partition); returns why the scan stops there, if it does. */
  look(partition: number, offset: number, timestamp: number, r: RecordParts): 'limit' | 'bytes' | undefined {
    this.scanned++;
    this.position.set(partition, offset + 1);
    if (this.jsonPath && !matchesJsonPath(r.value ? r.value.toString('utf8') : null, this.jsonPath, this.job.jsonEquals)) return undefined;
    if (this.needle !== undefined && !recordContains(r, this.needle)) return undefined;
    this.bytes += recordBytes(r);
    this.collected.push({
      partition,
      offset: String(offset),
      timestamp: new Date(timestamp).toISOString(),
      key: renderBytes(r.key),
      value: renderBytes(r.value),
      headers: headerList(r),
    });
    if (this.collected.length >= this.job.limit) return 'limit';
    if (this.bytes >= this.job.maxBytes) return 'bytes';
    return undefined;
  }

  /** Offsets with no record to look at (compacted away, transaction markers) up to `offset`. */
  passed(partition: number, offset: number): void {
    if (offset > (this.position.get(partition) ?? offset)) this.position.set(partition, offset);
  }

  /** Where the partition continues. */
  at(partition: number): number {
    return this.position.get(partition) ?? 0;
  }

  /** The offset the partition is read up to (not including). */
  stopOf(partition: number): number {
    return this.stops.get(partition) ?? 0;
  }

  /** The partitions not yet read to their stop offsets. */
  unfinished(): ScanJob['partitions'] {
    return this.job.partitions.filter((p) => this.at(p.partition) < p.stop);
  }

  scannedNone(): boolean {
    return this.scanned === 0;
  }

  result(stoppedBy: BrowseResult['stoppedBy']): BrowseResult {
    const next = this.unfinished().map((p) => ({ partition: p.partition, offset: this.at(p.partition) }));
    return { messages: this.collected, scanned: this.scanned, stoppedBy, next };
  }
}
