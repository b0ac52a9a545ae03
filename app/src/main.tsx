import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App.js';
import { SafeProvider } from './safe/SafeProvider.js';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SafeProvider>
      <App />
    </SafeProvider>
  </StrictMode>,
);
