/** Providers (Mantine + direction, i18n, query client, notifications) around the router. */
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router-dom';
import { I18nProvider } from './i18n/i18n.js';
import { queryClient } from './queryClient.js';
import { AppRoutes } from './routes.js';
import { theme } from './theme.js';

export function App() {
  return (
    <DirectionProvider initialDirection={document.documentElement.dir === 'rtl' ? 'rtl' : 'ltr'} detectDirection={false}>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <I18nProvider>
          <QueryClientProvider client={queryClient}>
            <Notifications position="top-center" />
            <BrowserRouter>
              <AppRoutes />
            </BrowserRouter>
          </QueryClientProvider>
        </I18nProvider>
      </MantineProvider>
    </DirectionProvider>
  );
}
