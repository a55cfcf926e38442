/**
 * The SQL twin of countedCases (figures/counted-cases.ts) over analytics.case_paths aliased `p`, for
 * the reads that page rows instead of loading a period: a member of a collective is not counted on
 * its own, and a collective case reads its earliest member's channel (that member shares its month).
 */
export const COUNTED_CASE_SQL = `(p.record->>'collectiveCaseNumber') IS NULL`;

export const COUNTED_CHANNEL_SQL = `coalesce(p.channel, CASE WHEN (p.record->>'collective')::boolean THEN (
    SELECT m.channel FROM analytics.case_paths m
    WHERE m.mall_id = p.mall_id AND m.month = p.month AND m.record->>'collectiveCaseNumber' = p.record->>'caseNumber'
    ORDER BY m.received_at, m.record->>'caseNumber' LIMIT 1) END)`;
