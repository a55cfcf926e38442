import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { body, routing } from '../api/client';
import { fieldErrorsOf, ruleMessageOf } from '../api/problem';
import type { CaseView, HandlingCommand, Identity } from '../api/views';
import { can } from '../auth/permissions';
import { COMMAND_ORDER, COMMANDS, type CommandField } from './commands';

/** What this person may do on this case now: the case's state and their role (the API's allowedCommands), nothing else. */
export const visibleCommands = (view: Pick<CaseView, 'allowedCommands'>, identity: Identity): HandlingCommand[] =>
  COMMAND_ORDER.filter((command) => view.allowedCommands.includes(command) && can(identity, command === 'ApproveWrittenReply' ? 'case.approveReply' : 'case.handle'));

const blankless = (values: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)));

/** POST /cases/:id/<command> with the version the person decided on (If-Match). */
export const runCommand = (complaintId: string, command: HandlingCommand, version: number, values: Record<string, unknown>) =>
  body<unknown>(
    // One call for thirteen endpoints: the path comes from COMMANDS, the body from that command's fields.
    routing.POST(`/cases/{id}/${COMMANDS[command].path}` as '/cases/{id}/verify', {
      params: { path: { id: complaintId }, header: { 'if-match': `"${version}"` } },
      body: blankless(values) as never,
    }),
  );

/** Form.Item hands its child id, value and onChange: passed on to the control. */
type ControlProps = { id?: string; value?: unknown; onChange?: (value: unknown) => void };

const FieldInput = ({ field, ...control }: { field: CommandField } & ControlProps) => {
  const { t } = useTranslation();
  if (field.kind === 'select' || field.kind === 'multi')
    return (
      <Select
        {...(control as object)}
        mode={field.kind === 'multi' ? 'multiple' : undefined}
        allowClear
        options={field.options?.values.map((value) => ({ value, label: t(`${field.options?.prefix}.${value}`) }))}
      />
    );
  if (field.kind === 'textarea') return <Input.TextArea {...(control as object)} rows={3} maxLength={2000} />;
  return <Input {...(control as object)} maxLength={200} />;
};

const CommandDialog = ({ view, command, onClose }: { view: CaseView; command: HandlingCommand; onClose: () => void }) => {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<Record<string, unknown>>();
  const queryClient = useQueryClient();
  const [refusal, setRefusal] = useState<string | null>(null);
  const spec = COMMANDS[command];
  const run = useMutation({
    mutationFn: (values: Record<string, unknown>) => runCommand(view.complaintId, command, view.version, values),
    onSuccess: () => {
      for (const key of ['case', 'timeline', 'complaint', 'clocks']) void queryClient.invalidateQueries({ queryKey: [key, view.complaintId] });
      void queryClient.invalidateQueries({ queryKey: ['queue'] });
      onClose();
    },
    onError: (error) => {
      const errors = fieldErrorsOf(error, t, (key) => i18n.exists(key));
      form.setFields(Object.entries(errors).map(([name, message]) => ({ name, errors: [message] })));
      setRefusal(Object.keys(errors).length > 0 ? null : ruleMessageOf(error, t, (key) => i18n.exists(key)));
    },
  });
  return (
    <Modal open title={t(`commands.${command}`)} onCancel={onClose} okText={t('common.submit')} cancelText={t('common.cancel')} onOk={() => form.submit()} confirmLoading={run.isPending} destroyOnHidden>
      {refusal && <Alert role="alert" type="error" showIcon style={{ marginBottom: 12 }} title={refusal} data-testid="command-refusal" />}
      <Form form={form} layout="vertical" onFinish={(values) => run.mutate(values)} aria-label={t(`commands.${command}`)}>
        {spec.fields.map((field) => (
          <Form.Item key={field.name} name={field.name} label={t(`fields.${field.name}`)} required={field.required}>
            <FieldInput field={field} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
};

/**
 * `refreshing`: the case is being read again after a change (one's own command, or another's pushed
 * live); a command decided on the version shown would be refused as stale, so none starts until it is read.
 */
export const ActionPanel = ({ view, identity, refreshing = false }: { view: CaseView; identity: Identity; refreshing?: boolean }) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState<HandlingCommand | null>(null);
  const commands = visibleCommands(view, identity);
  return (
    <section className="panel" aria-labelledby="actions-title">
      <h2 id="actions-title" className="panel-title">
        {t('case.actions')}
      </h2>
      {commands.length === 0 ? (
        <p className="muted">{t('case.noActions')}</p>
      ) : (
        <Space wrap>
          {commands.map((command, index) => (
            <Button key={command} type={index === 0 ? 'primary' : 'default'} disabled={refreshing} onClick={() => setOpen(command)}>
              {t(`commands.${command}`)}
            </Button>
          ))}
        </Space>
      )}
      {open && <CommandDialog view={view} command={open} onClose={() => setOpen(null)} />}
    </section>
  );
};
