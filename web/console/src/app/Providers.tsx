import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useState, type ReactNode } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { i18n } from '../i18n';
import { ApiError } from '../api/problem';
import { dayjs } from '../common/time';

const Localised = ({ children }: { children: ReactNode }) => {
  const { i18n: current } = useTranslation();
  const english = current.language === 'en-US';
  dayjs.locale(english ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={english ? enUSLocale : zhCNLocale} theme={{ token: { colorPrimary: '#1f5fbf', colorPrimaryHover: '#174a94', colorPrimaryActive: '#123b77', colorLink: '#1f5fbf', colorLinkHover: '#174a94', colorError: '#cf1322', colorTextDescription: 'rgba(0, 0, 0, 0.65)', colorTextTertiary: 'rgba(0, 0, 0, 0.62)', colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)' } }}>
      {children}
    </ConfigProvider>
  );
};

/** A refusal (4xx) is an answer, not a network hiccup: do not retry it. */
export const newQueryClient = (): QueryClient =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2, refetchOnWindowFocus: false, staleTime: 5_000 },
      mutations: { retry: false },
    },
  });

export const Providers = ({ children, client }: { children: ReactNode; client?: QueryClient }) => {
  const [queryClient] = useState(() => client ?? newQueryClient());
  return (
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <Localised>{children}</Localised>
      </QueryClientProvider>
    </I18nextProvider>
  );
};
