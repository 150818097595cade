/** The centred card used by the signed-out screens, with the language switch above it. */
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../app/LanguageSwitch.js';

export function AuthFrame({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" p="md">
      <Stack w="100%" maw={420} gap="md">
        <Group justify="space-between">
          <Group gap={8}>
            <img src="/favicon.svg" width={30} height={30} alt="" />
            <Text fw={700} size="xl">
              Clarion
            </Text>
          </Group>
          <LanguageSwitch signedIn={false} />
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main">
          <Title order={2} mb={subtitle ? 4 : 'md'}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" size="sm" mb="md">
              {subtitle}
            </Text>
          )}
          {children}
        </Paper>
      </Stack>
    </Center>
  );
}
