/** Header menu listing the user's workspaces; picking one switches the session, "New workspace" creates one. */
import { Button, Group, Menu, Modal, Stack, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { createWorkspace, switchWorkspace } from '../api/auth.js';
import { ErrorAlert, fieldError, notifyError } from '../ui/feedback.js';
import { Icon } from '../ui/icons.js';
import { useI18n } from './i18n/i18n.js';
import { useApplySession, useSession } from './session.js';

export function WorkspaceSwitcher() {
  const { t } = useI18n();
  const { session } = useSession();
  const apply = useApplySession();
  const nav = useNavigate();
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const go = async (id: number) => {
    if (id === session.workspace.id) return;
    try {
      apply(await switchWorkspace(id));
      nav('/contacts');
    } catch (err) {
      notifyError(err);
    }
  };
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const w = await createWorkspace({ name, slug });
      close();
      await go(w.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <Button variant="light" size="xs" aria-label={t('header.workspace')} rightSection={<Icon name="chevronDown" size={14} />}>
            {session.workspace.name}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('header.workspaces')}</Menu.Label>
          {session.workspaces.map((w) => (
            <Menu.Item key={w.id} onClick={() => go(w.id)} rightSection={w.id === session.workspace.id ? <Icon name="check" size={14} /> : null}>
              {w.name}
            </Menu.Item>
          ))}
          {session.user && (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<Icon name="plus" size={14} />} onClick={open}>
                {t('header.newWorkspace')}
              </Menu.Item>
            </>
          )}
        </Menu.Dropdown>
      </Menu>
      <Modal opened={opened} onClose={close} title={t('header.newWorkspace')} centered>
        <Stack>
          <ErrorAlert error={error && !fieldError(error, 'slug') && !fieldError(error, 'name') ? error : null} />
          <TextInput
            label={t('workspace.name')}
            value={name}
            required
            data-autofocus
            error={fieldError(error, 'name')}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setSlug(e.currentTarget.value.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60));
            }}
          />
          <TextInput label={t('workspace.slug')} description={t('workspace.slugHint')} value={slug} required error={fieldError(error, 'slug')} onChange={(e) => setSlug(e.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button onClick={create} loading={busy} disabled={!name || !slug}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
