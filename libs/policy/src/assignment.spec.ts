import { localWeekMinute } from './assignment';

/** What the zone's clock shows, read through Intl directly: the reference localWeekMinute must agree with. */
const throughIntl = (at: Date, format: Intl.DateTimeFormat): { day: string; minute: number } => {
  const parts = format.formatToParts(at);
  const part = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  return { day: part('weekday').toLowerCase().slice(0, 3), minute: Number(part('hour')) * 60 + Number(part('minute')) };
};

describe('localWeekMinute', () => {
  it('reads a Shanghai mall’s weekday and minute of the day', () => {
    // Sunday 23:59 and Monday 00:00 in Shanghai (UTC+8).
    expect(localWeekMinute(new Date('2026-11-22T15:59:00Z'), 'Asia/Shanghai')).toEqual({ day: 'sun', minute: 23 * 60 + 59 });
    expect(localWeekMinute(new Date('2026-11-22T16:00:00Z'), 'Asia/Shanghai')).toEqual({ day: 'mon', minute: 0 });
  });

  it.each(['Asia/Shanghai', 'Asia/Hong_Kong', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe'])(
    'agrees with Intl in %s every 37 minutes of a year, daylight-saving changes included',
    (timeZone) => {
      const format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
      const from = Date.UTC(2026, 0, 1);
      const disagreements: string[] = [];
      for (let at = from; at < from + 366 * 86_400_000; at += 37 * 60_000) {
        const ours = localWeekMinute(new Date(at), timeZone);
        const reference = throughIntl(new Date(at), format);
        if (ours.day !== reference.day || ours.minute !== reference.minute) disagreements.push(`${new Date(at).toISOString()}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(reference)}`);
      }
      expect(disagreements).toEqual([]);
    },
  );
});
