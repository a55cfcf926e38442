import { Alert, Button, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, ruleMessageOf } from '../api/problem';
import type { PolicyChangeResult } from './policy-data';

/** A form's save button, what the save gave (a new version or nothing changed), or a refusal not about one field. */
export const SaveBar = ({ pending, result, error, disabled = false }: { pending: boolean; result: PolicyChangeResult | undefined; error: unknown; disabled?: boolean }) => {
  const { t, i18n } = useTranslation();
  const byField = error instanceof ApiError && (error.problem.errors?.length ?? 0) > 0;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button type="primary" htmlType="submit" loading={pending} disabled={disabled}>
        {t('common.save')}
      </Button>
      {result && <Alert type="success" showIcon title={result.changed ? t('admin.savedVersion', { version: result.version }) : t('admin.unchanged')} />}
      {error !== null && error !== undefined && !byField && <Alert type="error" showIcon title={ruleMessageOf(error, t, (key) => i18n.exists(key))} />}
      {byField && <Alert type="error" showIcon title={t('admin.form.fixFields')} />}
    </Space>
  );
};
