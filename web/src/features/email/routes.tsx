/**
 * The email screens' URLs, spliced into the app router as one block. The template editor (GrapesJS, ~4 MB of
 * script) is loaded on demand so the rest of the app stays light.
 */
import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route } from 'react-router-dom';
import { CampaignPage } from './campaigns/CampaignPage.js';
import { CampaignsPage } from './campaigns/CampaignsPage.js';
import { CampaignWizardPage } from './campaigns/CampaignWizardPage.js';
import { EmailDashboardPage } from './dashboard/EmailDashboardPage.js';
import { EmailSettingsPage } from './settings/EmailSettingsPage.js';
import { TemplatesPage } from './templates/TemplatesPage.js';

const TemplateEditorPage = lazy(() => import('./templates/TemplateEditorPage.js').then((m) => ({ default: m.TemplateEditorPage })));

export const emailRoutes = (
  <>
    <Route path="/email" element={<EmailDashboardPage />} />
    <Route path="/email/campaigns" element={<CampaignsPage />} />
    <Route path="/email/campaigns/:id" element={<CampaignPage />} />
    <Route path="/email/campaigns/:id/edit" element={<CampaignWizardPage />} />
    <Route path="/email/templates" element={<TemplatesPage />} />
    <Route path="/email/templates/:id" element={<Suspense fallback={<Loader />}><TemplateEditorPage /></Suspense>} />
    <Route path="/email/settings" element={<EmailSettingsPage />} />
    <Route path="/settings/email" element={<Navigate to="/email/settings" replace />} />
  </>
);
