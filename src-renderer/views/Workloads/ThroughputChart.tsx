import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EventPayload } from '../../../src-main/events/schemas';

type Sample = EventPayload<'workload.sample'>['sample'];

/** Records/s (left axis) and p99 latency (right axis) of one workload, updated in place as samples arrive. */
export function ThroughputChart({ samples, height = 180 }: { samples: Sample[]; height?: number }) {
  const { ref: measure, width: measured } = useElementSize<HTMLDivElement>();
  const width = Math.max(300, Math.floor(measured));
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const data: uPlot.AlignedData = [
    samples.map((s) => s.elapsedMs / 1000),
    samples.map((s) => s.recordsPerSec),
    samples.map((s) => s.latencyMs?.p99 ?? null),
  ];
  useEffect(() => {
    if (!host.current) return;
    const opts: uPlot.Options = {
      width,
      height,
      scales: { x: { time: false }, rate: { auto: true }, ms: { auto: true } },
      axes: [
        { label: 's', size: 30, stroke: '#868e96' },
        { scale: 'rate', label: 'records/s', stroke: '#228be6', size: 60 },
        { scale: 'ms', side: 1, label: 'p99 ms', stroke: '#e8590c', grid: { show: false }, size: 50 },
      ],
      series: [
        { label: 'elapsed' },
        { label: 'records/s', scale: 'rate', stroke: '#228be6', width: 2, fill: 'rgba(34,139,230,0.08)' },
        { label: 'p99 latency (ms)', scale: 'ms', stroke: '#e8590c', width: 1.5, spanGaps: true },
      ],
      legend: { show: true, live: false },
    };
    plot.current = new uPlot(opts, [[], [], []], host.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // Created once per mount; size and data are applied below as they change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [height]);
  useEffect(() => {
    plot.current?.setSize({ width, height });
  }, [width, height]);
  useEffect(() => {
    plot.current?.setData(data);
  });
  return (
    <div ref={measure} style={{ width: '100%' }}>
      <div ref={host} data-testid="throughput-chart" />
    </div>
  );
}
