import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import './app/global.css';
import { AppRoutes } from './app/routes';
import { LocaleProvider } from './app/locale';
import { ApiError, setApiLocale } from './lib/api';
import { initI18n, storedLocale } from './lib/i18n';

// Entry: language first (so the first paint is already in the user's language), then data, routes.
const locale = storedLocale();
setApiLocale(locale);
initI18n(locale);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) will not get better by asking again.
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <LocaleProvider initial={locale}>
          <AppRoutes />
        </LocaleProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
