/**
 * The signed-in frame: header (workspace switcher, language switch, user menu) and the navigation
 * bar. Mantine mirrors the AppShell for right-to-left, so the navbar sits on the right in Hebrew.
 */
import { AppShell, Burger, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { Icon, type IconName } from '../ui/icons.js';
import { useI18n, type MessageKey } from './i18n/i18n.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { UserMenu } from './UserMenu.js';
import { WorkspaceSwitcher } from './WorkspaceSwitcher.js';

interface NavItem {
  to: string;
  label: MessageKey;
  icon: IconName;
  /** Active only on this exact path (a section's overview page whose sub-pages have their own entries). */
  exact?: boolean;
}

const MAIN: NavItem[] = [
  { to: '/contacts', label: 'nav.contacts', icon: 'users' },
  { to: '/groups', label: 'nav.groups', icon: 'folders' },
  { to: '/segments', label: 'nav.segments', icon: 'filter' },
  { to: '/imports', label: 'nav.imports', icon: 'upload' },
  { to: '/bin', label: 'nav.bin', icon: 'trash' },
];

const EMAIL: NavItem[] = [
  { to: '/email', label: 'email.nav.dashboard', icon: 'activity', exact: true },
  { to: '/email/campaigns', label: 'email.nav.campaigns', icon: 'mail' },
  { to: '/email/templates', label: 'email.nav.templates', icon: 'pencil' },
];

const WHATSAPP: NavItem[] = [
  { to: '/whatsapp/inbox', label: 'wa.nav.inbox', icon: 'phone' },
  { to: '/whatsapp/campaigns', label: 'wa.nav.campaigns', icon: 'activity' },
  { to: '/whatsapp/templates', label: 'wa.nav.templates', icon: 'pencil' },
  { to: '/whatsapp/numbers', label: 'wa.nav.numbers', icon: 'settings' },
];

const SETTINGS: NavItem[] = [
  { to: '/settings/workspace', label: 'nav.workspace', icon: 'building' },
  { to: '/settings/members', label: 'nav.members', icon: 'shield' },
  { to: '/settings/api-keys', label: 'nav.apiKeys', icon: 'key' },
  { to: '/settings/fields', label: 'nav.fields', icon: 'fields' },
  { to: '/settings/suppression', label: 'nav.suppression', icon: 'ban' },
  { to: '/email/settings', label: 'email.nav.settings', icon: 'mail' },
  { to: '/settings/audit-log', label: 'nav.audit', icon: 'history' },
  { to: '/settings/system-mail', label: 'nav.systemMail', icon: 'mail' },
];

export function Layout() {
  const { t } = useI18n();
  const [opened, { toggle, close }] = useDisclosure();
  const { pathname } = useLocation();
  const link = (item: NavItem) => (
    <NavLink
      key={item.to}
      component={Link}
      to={item.to}
      label={t(item.label)}
      leftSection={<Icon name={item.icon} />}
      active={pathname === item.to || (!item.exact && pathname.startsWith(item.to + '/'))}
      onClick={close}
    />
  );
  const settingsOpen = pathname.startsWith('/settings');
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <UnstyledButton component={Link} to="/contacts" aria-label="Clarion">
              <Group gap={8} wrap="nowrap">
                <img src="/favicon.svg" width={26} height={26} alt="" />
                <Text fw={700} size="lg">
                  Clarion
                </Text>
              </Group>
            </UnstyledButton>
            <WorkspaceSwitcher />
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <ScrollArea>
          {MAIN.map(link)}
          <NavLink label={t('email.nav.section')} leftSection={<Icon name="mail" />} defaultOpened childrenOffset={12}>
            {EMAIL.map(link)}
          </NavLink>
          <NavLink label={t('wa.nav.group')} leftSection={<Icon name="phone" />} defaultOpened childrenOffset={12}>
            {WHATSAPP.map(link)}
          </NavLink>
          <NavLink label={t('nav.settings')} leftSection={<Icon name="settings" />} defaultOpened={settingsOpen} childrenOffset={12}>
            {SETTINGS.map(link)}
          </NavLink>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
