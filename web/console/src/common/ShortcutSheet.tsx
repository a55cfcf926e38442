import { Modal } from 'antd';
import { useTranslation } from 'react-i18next';

const ShortcutSheet = ({ keys, onClose }: { keys: string[]; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Modal open title={t('shortcuts.title')} onCancel={onClose} footer={null}>
      <ul data-testid="shortcut-sheet">
        {[...keys, 'shortcuts.help'].map((key) => (
          <li key={key}>{t(key)}</li>
        ))}
      </ul>
    </Modal>
  );
};

export default ShortcutSheet;
