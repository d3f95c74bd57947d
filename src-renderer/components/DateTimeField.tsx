import { DateTimePicker } from '@mantine/dates';
import dayjs from 'dayjs';
import classes from './DateTimeField.module.css';

const FORMAT = 'YYYY-MM-DD HH:mm:ss';

/**
 * A date and time in this browser's time zone, handed on as epoch milliseconds (what Kafka's offset-by-timestamp
 * lookups take). The picker speaks `YYYY-MM-DD HH:mm:ss` strings in local time; dayjs converts both ways.
 */
export function DateTimeField({
  label,
  value,
  onChange,
  testId,
  w = 230,
}: {
  label: string;
  value: number | null;
  onChange: (ms: number | null) => void;
  testId?: string;
  w?: number;
}) {
  return (
    <DateTimePicker
      label={label}
      description="local time"
      withSeconds
      clearable
      valueFormat={FORMAT}
      // Names for screen readers (and tests): the picker's time fields and its check button have none of their own.
      timePickerProps={{ hoursInputLabel: 'Hours', minutesInputLabel: 'Minutes', secondsInputLabel: 'Seconds' }}
      submitButtonProps={{ 'aria-label': 'Set date and time' }}
      previousLabel="Previous month"
      nextLabel="Next month"
      // Days of the next and last month are drawn at half opacity, too faint to read; the month's own days suffice.
      hideOutsideDates
      classNames={{ day: classes.day }}
      placeholder="pick a date and time"
      w={w}
      value={value === null ? null : dayjs(value).format(FORMAT)}
      onChange={(v) => onChange(v ? dayjs(v).valueOf() : null)}
      {...(testId ? { 'data-testid': testId } : {})}
    />
  );
}
