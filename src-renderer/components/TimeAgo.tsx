import { useEffect, useState } from 'react';
import { formatDateTime, formatRelative } from '../format';

/**
 * "3 min ago", kept current while on screen, with the full date and time as its tooltip (and as its own text when
 * `withDate`). One timer per instance: meant for a handful (brokers, runs), not for every row of a long table.
 */
export function TimeAgo({ when, withDate = false }: { when: string | number; withDate?: boolean }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);
  const full = formatDateTime(when);
  return (
    <time dateTime={new Date(when).toISOString()} title={full}>
      {withDate ? `${full} (${formatRelative(when, now)})` : formatRelative(when, now)}
    </time>
  );
}
