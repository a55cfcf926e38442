import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TargetCheck } from './types';

/** Met or missed, as analytics judged it (a stretch target is shown, never counted as missed). */
export const TargetTag = ({ check }: { check: TargetCheck }) => {
  const { t } = useTranslation();
  if (check.met === null) return <Tag>{t('targets.noValue')}</Tag>;
  return (
    <Tag color={check.met ? 'green' : check.stretch ? 'default' : 'red'} data-target={check.id} data-met={String(check.met)}>
      {check.met ? t('targets.met') : t('targets.missed')}
    </Tag>
  );
};
