import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TargetCheck } from './report-types';

/** The figure each target checks (analytics' targets.ts). */
const FIGURE_OF: Record<TargetCheck['id'], string> = {
  'response-within-24h': 'responseWithin24h',
  'closure-rate': 'closureRate',
  'closure-rate-stretch': 'closureRate',
  'satisfaction-rate': 'satisfactionRate',
  'data-completeness': 'dataCompleteness',
};

/** The target as the policy in force sets it, in words ("满意率 ≥ 90%"). */
export const targetText = (t: TFunction, check: Pick<TargetCheck, 'id' | 'threshold'>): string => t(`targets.${check.id}`, { threshold: Math.round(check.threshold * 1000) / 10 });

/**
 * Met or missed, as analytics judged it against the policy's target (a stretch target is shown, never
 * counted as missed); `named`: with the figure's name. A plain element styled as a tag, not antd's Tag:
 * the HQ roll-up shows four per mall, 200 on a page, and antd's per-tag hooks were most of its render time.
 */
export const TargetTag = ({ check, named = false }: { check: TargetCheck; named?: boolean }) => {
  const { t } = useTranslation();
  const name = named ? `${t(`figures.${FIGURE_OF[check.id]}.name`)} ` : '';
  if (check.met === null) return <span className="target-chip">{`${name}${t('targets.noValue')}`}</span>;
  return (
    <span className={`target-chip${check.met ? ' tag-good' : check.stretch ? '' : ' tag-bad'}`} data-target={check.id} data-met={String(check.met)} title={targetText(t, check)}>
      {`${name}${check.met ? t('targets.met') : t('targets.missed')}`}
    </span>
  );
};
