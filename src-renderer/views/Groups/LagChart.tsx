import { useComputedColorScheme } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { MethodOutput } from '../../../src-main/api/contract';

type History = MethodOutput<'groups.lagHistory'>;

/** Distinct enough on light and dark backgrounds; partitions beyond the palette reuse it. */
const palette = ['#228be6', '#e8590c', '#2f9e44', '#ae3ec9', '#f08c00', '#1098ad', '#d6336c', '#5c7cfa', '#74b816', '#fa5252'];

/** More lines than this make a chart nobody can read: the partitions lagging most (at their worst) are drawn. */
export const MAX_LINES = 12;

function mostLagging(history: History, n: number): number[] {
  const worst = history.partitions.map((_, i) => Math.max(0, ...history.samples.map((s) => s.lags?.[i] ?? 0)));
  return worst
    .map((w, i) => ({ w, i }))
    .sort((a, b) => b.w - a.w || a.i - b.i)
    .slice(0, n)
    .map((x) => x.i)
    .sort((a, b) => a - b);
}

/** Total lag over time (seconds on the x axis, local time), or one line per partition. */
export function LagChart({ history, perPartition, height = 220 }: { history: History; perPartition: boolean; height?: number }) {
  const { ref: measure, width: measured } = useElementSize<HTMLDivElement>();
  const width = Math.max(300, Math.floor(measured));
  const dark = useComputedColorScheme('light') === 'dark';
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shown = perPartition ? mostLagging(history, MAX_LINES) : [];
  const lines = perPartition ? shown.map((i) => `${history.partitions[i]?.topic}-${history.partitions[i]?.partition}`) : ['total lag'];
  const data: uPlot.AlignedData = [
    history.samples.map((s) => s.at / 1000),
    ...(perPartition ? shown.map((i) => history.samples.map((s) => s.lags?.[i] ?? null)) : [history.samples.map((s) => s.totalLag)]),
  ];
  const shape = `${lines.join('|')}|${dark}`;
  useEffect(() => {
    if (!host.current) return;
    const axis = dark ? '#c1c2c5' : '#495057';
    const grid = { stroke: dark ? 'rgba(255,255,255,0.08)' : 'rgba(0,0,0,0.07)' };
    const opts: uPlot.Options = {
      width,
      height,
      scales: {
        // One sample alone would stretch the axis over years: show a couple of minutes around it.
        x: { time: true, range: (_u, min, max) => (max - min < 60 ? [min - 60, max + 60] : [min, max]) },
        y: { auto: true, range: (_u, min, max) => [0, Math.max(1, max, min)] },
      },
      axes: [
        { stroke: axis, grid, size: 50 },
        { label: 'messages behind', stroke: axis, grid, size: 70 },
      ],
      series: [
        { label: 'time' },
        ...lines.map((label, i) => ({
          label,
          stroke: perPartition ? (palette[i % palette.length] ?? '#228be6') : '#e8590c',
          width: perPartition ? 1.5 : 2,
          ...(perPartition ? {} : { fill: 'rgba(232,89,12,0.10)' }),
          spanGaps: false,
        })),
      ],
      legend: { show: true, live: true },
    };
    plot.current = new uPlot(opts, data, host.current);
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
    // Made again only when the set of lines or the theme changes; size and data are applied below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape, height]);
  useEffect(() => {
    plot.current?.setSize({ width, height });
  }, [width, height]);
  useEffect(() => {
    plot.current?.setData(data);
  });
  return (
    <div ref={measure} style={{ width: '100%', color: dark ? '#c1c2c5' : undefined }}>
      <div ref={host} data-testid="lag-chart" />
    </div>
  );
}
