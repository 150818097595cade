/** The user menu: who is signed in, change password, log out, log out everywhere. */
import { Avatar, Button, Menu, Text } from '@mantine/core';
import { useNavigate } from 'react-router-dom';
import { logout, logoutEverywhere } from '../api/auth.js';
import { notifyError } from '../ui/feedback.js';
import { Icon } from '../ui/icons.js';
import { useI18n } from './i18n/i18n.js';
import { useApplySession, useSession } from './session.js';

export function UserMenu() {
  const { t } = useI18n();
  const { session } = useSession();
  const apply = useApplySession();
  const nav = useNavigate();
  const name = session.user?.name || session.user?.email || session.apiKey?.label || '?';
  const end = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } catch (err) {
      notifyError(err);
      return;
    }
    apply(null);
    nav('/login');
  };
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" color="gray" aria-label={t('header.userMenu')} leftSection={<Avatar size={26} radius="xl" color="blue">{name.slice(0, 1).toUpperCase()}</Avatar>}>
          <Text size="sm" visibleFrom="sm" truncate maw={180}>
            {name}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {session.user?.email} · {t(`role.${session.role}`)}
        </Menu.Label>
        <Menu.Item leftSection={<Icon name="key" size={16} />} onClick={() => nav('/account/password')}>
          {t('header.changePassword')}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<Icon name="logout" size={16} directional />} onClick={end(logout)}>
          {t('header.logout')}
        </Menu.Item>
        <Menu.Item color="red" leftSection={<Icon name="logout" size={16} directional />} onClick={end(logoutEverywhere)}>
          {t('header.logoutEverywhere')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
