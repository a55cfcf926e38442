import type { EntityManager } from 'typeorm';

/** `SH01-20261123-0007`: the mall code, the day received in the mall's time zone, a per-mall daily count. */
export const allocateCaseNumber = async (
  manager: EntityManager,
  mallId: string,
  receivedAt: Date,
  timeZone: string,
): Promise<string> => {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(receivedAt);
  const [{ last }]: { last: number }[] = await manager.query(
    `INSERT INTO intake.case_number_counters (mall_id, day, last) VALUES ($1, $2::date, 1)
     ON CONFLICT (mall_id, day) DO UPDATE SET last = intake.case_number_counters.last + 1
     RETURNING last`,
    [mallId, day],
  );
  return `${mallId}-${day.replace(/-/g, '')}-${String(last).padStart(4, '0')}`;
};
