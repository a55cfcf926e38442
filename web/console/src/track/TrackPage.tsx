import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Steps } from 'antd';
import { useTranslation } from 'react-i18next';
import { body, intake } from '../api/client';
import type { CustomerCaseStatus } from '../api/views';
import { changeLanguage, LANGUAGE_NAMES } from '../i18n';
import { formatTime } from '../common/time';

interface Values {
  caseNumber: string;
  code: string;
}

/** The customer's page (no sign-in, phone-sized): where the case stands, in plain words, nothing personal. */
const TrackPage = () => {
  const { t, i18n } = useTranslation();
  const lookup = useMutation({
    mutationFn: ({ caseNumber, code }: Values) =>
      body<CustomerCaseStatus>(
        // The code goes in a header, not the URL, so it does not end up in logs.
        intake.GET('/public/cases/{caseNumber}', { params: { path: { caseNumber: caseNumber.trim().toUpperCase() }, header: { 'X-Case-Code': code.trim().toUpperCase() } as never } }),
      ),
  });
  const status = lookup.data;
  return (
    <main className="track">
      <header className="track-header">
        <h1>{t('track.title')}</h1>
        <Button size="small" type="link" onClick={() => changeLanguage(i18n.language === 'en-US' ? 'zh-CN' : 'en-US')}>
          {LANGUAGE_NAMES[i18n.language === 'en-US' ? 'zh-CN' : 'en-US']}
        </Button>
      </header>
      <p>{t('track.intro')}</p>
      <Form<Values> layout="vertical" onFinish={(values) => lookup.mutate(values)} requiredMark={false}>
        <Form.Item name="caseNumber" label={t('track.caseNumber')} rules={[{ required: true, message: t('track.caseNumber') }]}>
          <Input size="large" placeholder="SH01-20261123-0007" autoComplete="off" inputMode="text" />
        </Form.Item>
        <Form.Item name="code" label={t('track.code')} rules={[{ required: true, message: t('track.code') }]}>
          <Input size="large" placeholder="K7M2Q9XA" autoComplete="off" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={lookup.isPending}>
          {t('track.search')}
        </Button>
      </Form>
      {lookup.isError && <Alert role="alert" type="error" showIcon style={{ marginTop: 16 }} title={t('track.notFound')} />}
      {status && (
        <section className="track-result" aria-labelledby="track-stage" data-testid="track-result">
          <h2 id="track-stage">{t('track.stage')}</h2>
          <p className="track-stage" data-stage={status.stage}>
            {t(`track.stages.${status.stage}`)}
          </p>
          <p>
            {t('track.receivedAt')}：{formatTime(status.receivedAt)} · {t(`kinds.${status.kind}`)} · {t(`categories.${status.category}`)}
          </p>
          {status.result.toldCustomer && (
            <p>
              {t('track.result')}：{status.result.toldCustomer}
            </p>
          )}
          <h2>{t('track.history')}</h2>
          <Steps
            direction="vertical"
            size="small"
            current={status.stages.length - 1}
            items={status.stages.map((stage) => ({ title: t(`track.stageNames.${stage.stage}`), description: formatTime(stage.at) }))}
          />
        </section>
      )}
    </main>
  );
};

export default TrackPage;
