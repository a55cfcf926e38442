import dayjs, { type Dayjs } from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Every mall of the group keeps Beijing time (policy `timeZone`); times are shown in the mall's zone, not the browser's. */
export const MALL_TIME_ZONE = 'Asia/Shanghai';

export const inMall = (iso: string | Date): Dayjs => dayjs(iso).tz(MALL_TIME_ZONE);

/**
 * One formatter for the mall's zone, made once: dayjs's tz() builds a locale string per call (~1 ms),
 * which a scrolled queue of thousands of deadlines cannot afford.
 */
const mallParts = new Intl.DateTimeFormat('en-US', { timeZone: MALL_TIME_ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const inMallText = (iso: string, seconds: boolean): string => {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const part: Record<string, string> = {};
  for (const { type, value } of mallParts.formatToParts(date)) part[type] = value;
  const time = `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
  return seconds ? `${time}:${part.second}` : time;
};
export const formatTime = (iso: string | null | undefined): string => (iso ? inMallText(iso, false) : '—');
export const formatSeconds = (iso: string | null | undefined): string => (iso ? inMallText(iso, true) : '—');
export const startOfMallDay = (now: Date = new Date()): Dayjs => inMall(now).startOf('day');

/** `1天 2:03:04` / `1d 2:03:04`: a countdown's remaining (or overrun) time. */
export const formatDuration = (ms: number, dayUnit: string): string => {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return days > 0 ? `${days}${dayUnit} ${clock}` : clock;
};

export { dayjs };
