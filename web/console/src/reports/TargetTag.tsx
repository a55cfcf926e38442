import { Tag } from 'antd';
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

/** Met or missed, as analytics judged it (a stretch target is shown, never counted as missed); `named`: with the figure's name. */
export const TargetTag = ({ check, named = false }: { check: TargetCheck; named?: boolean }) => {
  const { t } = useTranslation();
  const name = named ? `${t(`figures.${FIGURE_OF[check.id]}.name`)} ` : '';
  if (check.met === null) return <Tag>{`${name}${t('targets.noValue')}`}</Tag>;
  return (
    <Tag className={check.met ? 'tag-good' : check.stretch ? undefined : 'tag-bad'} data-target={check.id} data-met={String(check.met)} title={t(`targets.${check.id}`)}>
      {`${name}${check.met ? t('targets.met') : t('targets.missed')}`}
    </Tag>
  );
};
