import { PlusOutlined } from '@ant-design/icons';
import { Upload, type UploadProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ruleMessageOf } from '../api/problem';
import { ACCEPTED_TYPES, MAX_BYTES, uploadAttachment, type AttachmentFile, type UploadedAttachment } from '../attachments/attachments';

/**
 * Photos and documents at the desk: each is sent to intake (POST /attachments) as soon as it is picked,
 * images shown as thumbnails; the form keeps the list and registers with the references.
 */
const AttachmentUpload = ({ value, onChange, id }: { value?: AttachmentFile[]; onChange?: (files: AttachmentFile[]) => void; id?: string }) => {
  const { t, i18n } = useTranslation();
  // A file refused before sending (type, size): said under the list, the file left out.
  const [refused, setRefused] = useState<string | null>(null);
  const refuse = (reason: string) => {
    setRefused(reason);
    return Upload.LIST_IGNORE;
  };
  const customRequest: UploadProps<UploadedAttachment>['customRequest'] = ({ file, onSuccess, onError }) => {
    uploadAttachment(file as File).then(
      (answer) => onSuccess?.(answer),
      (error: unknown) => onError?.(new Error(ruleMessageOf(error, t, (key) => i18n.exists(key)))),
    );
  };
  return (
    <>
      <Upload<UploadedAttachment>
        id={id}
        listType="picture-card"
        multiple
        accept={ACCEPTED_TYPES.join(',')}
        fileList={value ?? []}
        customRequest={customRequest}
        beforeUpload={(file) => {
          if (!(ACCEPTED_TYPES as readonly string[]).includes(file.type)) return refuse(t('desk.attachmentType', { name: file.name }));
          if (file.size > MAX_BYTES) return refuse(t('desk.attachmentTooLarge', { name: file.name, mb: MAX_BYTES / 1024 / 1024 }));
          setRefused(null);
          return true;
        }}
        onChange={({ fileList }) => onChange?.(fileList)}
        showUploadList={{ showPreviewIcon: false }}
      >
        <div className="upload-button">
          <PlusOutlined aria-hidden />
          <span>{t('desk.addAttachment')}</span>
        </div>
      </Upload>
      {refused && (
        <div role="alert" className="ant-form-item-explain-error">
          {refused}
        </div>
      )}
    </>
  );
};

export default AttachmentUpload;
