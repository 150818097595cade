/** The WhatsApp screens' URLs, mounted inside the signed-in layout by app/routes.tsx. */
import { Navigate, Route } from 'react-router-dom';
import { CampaignPage } from './campaigns/CampaignPage.js';
import { CampaignsPage } from './campaigns/CampaignsPage.js';
import { InboxPage } from './inbox/InboxPage.js';
import { NumbersPage } from './numbers/NumbersPage.js';
import { TemplateBuilderPage } from './templates/TemplateBuilderPage.js';
import { TemplatesPage } from './templates/TemplatesPage.js';

export const whatsappRoutes = (
  <>
    <Route path="/whatsapp" element={<Navigate to="/whatsapp/inbox" replace />} />
    <Route path="/whatsapp/inbox" element={<InboxPage />} />
    <Route path="/whatsapp/inbox/:id" element={<InboxPage />} />
    <Route path="/whatsapp/templates" element={<TemplatesPage />} />
    <Route path="/whatsapp/templates/:id" element={<TemplateBuilderPage />} />
    <Route path="/whatsapp/campaigns" element={<CampaignsPage />} />
    <Route path="/whatsapp/campaigns/:id" element={<CampaignPage />} />
    <Route path="/whatsapp/numbers" element={<NumbersPage />} />
  </>
);
