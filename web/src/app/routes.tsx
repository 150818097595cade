/** Every screen's URL. Signed-out pages sit outside the guard; the rest inside the layout. */
import { Navigate, Route, Routes } from 'react-router-dom';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.js';
import { LoginPage } from '../features/auth/LoginPage.js';
import { ResetPasswordPage } from '../features/auth/ResetPasswordPage.js';
import { RecycleBinPage } from '../features/bin/RecycleBinPage.js';
import { ContactCard } from '../features/contacts/ContactCard.js';
import { ContactsPage } from '../features/contacts/ContactsPage.js';
import { GroupsPage } from '../features/groups/GroupsPage.js';
import { ImportsArchivePage } from '../features/imports/ImportsArchivePage.js';
import { ImportWizardPage } from '../features/imports/ImportWizardPage.js';
import { SegmentEditorPage } from '../features/segments/SegmentEditorPage.js';
import { SegmentsPage } from '../features/segments/SegmentsPage.js';
import { SuppressionPage } from '../features/settings/SuppressionPage.js';
import { ApiKeysPage } from '../features/settings/ApiKeysPage.js';
import { AuditLogPage } from '../features/settings/AuditLogPage.js';
import { FieldsPage } from '../features/settings/FieldsPage.js';
import { MembersPage } from '../features/settings/MembersPage.js';
import { WorkspaceSettingsPage } from '../features/settings/WorkspaceSettingsPage.js';
import { emailRoutes } from '../features/email/routes.js';
import { whatsappRoutes } from '../features/whatsapp/routes.js';
import { SystemMailPage } from '../features/accounts/SystemMailPage.js';
import { AcceptInvitationPage } from '../features/accounts/AcceptInvitationPage.js';
import { AuthGuard } from './AuthGuard.js';
import { Layout } from './Layout.js';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route path="/accept-invitation" element={<AcceptInvitationPage />} />
      <Route
        element={
          <AuthGuard>
            <Layout />
          </AuthGuard>
        }
      >
        <Route index element={<Navigate to="/contacts" replace />} />
        <Route path="/contacts" element={<ContactsPage />} />
        <Route path="/contacts/:id" element={<ContactCard />} />
        <Route path="/groups" element={<GroupsPage />} />
        <Route path="/segments" element={<SegmentsPage />} />
        <Route path="/segments/new" element={<SegmentEditorPage />} />
        <Route path="/segments/:id" element={<SegmentEditorPage />} />
        <Route path="/imports" element={<ImportsArchivePage />} />
        <Route path="/imports/new" element={<ImportWizardPage />} />
        <Route path="/imports/:id" element={<ImportWizardPage />} />
        <Route path="/bin" element={<RecycleBinPage />} />
        <Route path="/settings/suppression" element={<SuppressionPage />} />
        <Route path="/settings" element={<Navigate to="/settings/workspace" replace />} />
        <Route path="/settings/workspace" element={<WorkspaceSettingsPage />} />
        <Route path="/settings/members" element={<MembersPage />} />
        <Route path="/settings/api-keys" element={<ApiKeysPage />} />
        <Route path="/settings/fields" element={<FieldsPage />} />
        <Route path="/settings/audit-log" element={<AuditLogPage />} />
        <Route path="/settings/system-mail" element={<SystemMailPage />} />
        <Route path="/account/password" element={<ChangePasswordPage />} />
        {emailRoutes}
        {whatsappRoutes}
        <Route path="*" element={<Navigate to="/contacts" replace />} />
      </Route>
    </Routes>
  );
}
