import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Registered } from '../api/views';

/** The case number and look-up code, large enough to read out over the counter or print. */
const RegisteredCard = ({ answer, onNext }: { answer: Registered; onNext: () => void }) => {
  const { t } = useTranslation();
  return (
    <Card className="printable" title={answer.outcome === 'answered-and-closed' ? t('desk.answeredClosed') : t('desk.saved')} role="region" aria-label={t('desk.saved')}>
      {answer.outcome === 'linked-to-open-case' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('desk.repeatLinked', { caseNumber: answer.caseNumber, count: answer.repeatCount ?? 2 })} />}
      {answer.collective && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t(answer.collective.raised ? 'desk.collectiveRaised' : 'desk.collectiveJoined', { caseNumber: answer.collective.caseNumber, tenants: answer.collective.distinctTenants })}
        />
      )}
      <Descriptions column={1} size="middle">
        <Descriptions.Item label={t('desk.caseNumber')}>
          <Typography.Text data-testid="case-number" style={{ fontSize: 36, fontWeight: 700, letterSpacing: 2 }} copyable>
            {answer.caseNumber}
          </Typography.Text>
        </Descriptions.Item>
        {answer.lookupCode && (
          <Descriptions.Item label={t('desk.lookupCode')}>
            <Typography.Text data-testid="lookup-code" style={{ fontSize: 36, fontWeight: 700, letterSpacing: 6, fontFamily: 'monospace' }} copyable>
              {answer.lookupCode}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Typography.Paragraph>{t('desk.lookupHint')}</Typography.Paragraph>
      <Space className="no-print">
        <Button onClick={() => window.print()}>{t('common.print')}</Button>
        <Button type="primary" onClick={onNext}>
          {t('desk.newRegistration')}
        </Button>
      </Space>
    </Card>
  );
};

export default RegisteredCard;
