import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signInFailureOf, useSession, type SignInFailure } from '../auth/session';

interface Values {
  staffId: string;
  password: string;
}

/** Staff id and password; the staff id is fixed when renewing an expired session. */
export const SignInForm = ({ staffId, onSignedIn }: { staffId?: string; onSignedIn: () => void }) => {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [failure, setFailure] = useState<SignInFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (values: Values) => {
    setBusy(true);
    setFailure(null);
    try {
      await signIn(values.staffId.trim(), values.password ?? '');
      onSignedIn();
    } catch (error) {
      setFailure(signInFailureOf(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form<Values> layout="vertical" onFinish={submit} initialValues={{ staffId }} requiredMark={false}>
      {failure && <Alert role="alert" type="error" showIcon style={{ marginBottom: 16 }} title={t(failure === 'throttled' ? 'signIn.throttled' : failure === 'invalid' ? 'signIn.invalid' : 'common.unknownError')} />}
      <Form.Item name="staffId" label={t('signIn.staffId')} rules={[{ required: true, message: t('signIn.required', { field: t('signIn.staffId') }) }]}>
        <Input autoComplete="username" autoFocus={!staffId} disabled={Boolean(staffId)} />
      </Form.Item>
      <Form.Item name="password" label={t('signIn.password')}>
        <Input.Password autoComplete="current-password" autoFocus={Boolean(staffId)} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} block>
        {t('signIn.submit')}
      </Button>
    </Form>
  );
};
