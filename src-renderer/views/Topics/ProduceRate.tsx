import { Group, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCount } from '../../format';
import { useApiQuery } from '../../queries';
import { addSample, ratesOf, type EndOffsetSample } from './produce-rate';

const EVERY_MS = 3_000;
// Two minutes of reads.
const KEEP = 41;
const WIDTH = 180;
const HEIGHT = 32;

function Sparkline({ points }: { points: Array<{ at: number; rate: number }> }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    if (!host.current) return;
    plot.current = new uPlot(
      {
        width: WIDTH,
        height: HEIGHT,
        cursor: { show: false },
        legend: { show: false },
        scales: { x: { time: false }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{ show: false }, { show: false }],
        // A canvas takes colours, not CSS variables: a mid blue that reads on both schemes.
        series: [{}, { stroke: '#228be6', width: 1.5, fill: 'rgba(34,139,230,0.12)' }],
      },
      [[], []],
      host.current,
    );
    return () => {
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);
  useEffect(() => {
    plot.current?.setData([points.map((p) => p.at / 1000), points.map((p) => p.rate)]);
  }, [points]);
  return <div ref={host} data-testid="produce-rate-chart" aria-hidden />;
}

/**
 * The topic's produce rate over the last two minutes, from its end offsets read every few seconds while shown. Keyed
 * by topic where it is used, so another topic starts a fresh series.
 */
export function ProduceRate({ topic }: { topic: string }) {
  const read = useApiQuery('topics.endOffset', { name: topic }, { refetchInterval: EVERY_MS });
  const [samples, setSamples] = useState<EndOffsetSample[]>([]);
  // Each answer is added once, while rendering it (React's pattern for state derived from a changing value).
  const [seen, setSeen] = useState<typeof read.data>();
  if (read.data && read.data !== seen) {
    setSeen(read.data);
    setSamples(addSample(samples, { at: Date.parse(read.data.at), endOffset: read.data.endOffset }, KEEP));
  }
  const rates = ratesOf(samples);
  const now = rates.at(-1)?.rate;
  return (
    <Group gap="xs" wrap="nowrap" title="records produced per second, read every 3 s">
      <Sparkline points={rates} />
      <Text size="sm" c="dimmed" data-testid="produce-rate" style={{ whiteSpace: 'nowrap' }}>
        {now === undefined ? 'measuring…' : `${formatCount(Math.round(now))} records/s`}
      </Text>
    </Group>
  );
}
