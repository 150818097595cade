/** Landing pages as the API presents and accepts them. TypeBox only (shared with the web app). */
import { Type, type Static } from '@sinclair/typebox';

export const PageSettingsSchema = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    shareImage: Type.Optional(Type.Union([Type.String({ pattern: '^(https?://|/)', maxLength: 2000 }), Type.Null()])),
    favicon: Type.Optional(Type.Union([Type.String({ pattern: '^(https?://|/)', maxLength: 2000 }), Type.Null()])),
    ga4Id: Type.Optional(Type.Union([Type.String({ pattern: '^G-[A-Z0-9]{4,16}$' }), Type.Null()])),
    metaPixelId: Type.Optional(Type.Union([Type.String({ pattern: '^[0-9]{5,20}$' }), Type.Null()])),
    customHead: Type.Optional(Type.String({ maxLength: 20_000, description: 'Raw HTML for <head>; only owners may set it' })),
    noindex: Type.Optional(Type.Boolean()),
    pausedMessage: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type PageSettings = Static<typeof PageSettingsSchema>;

const Slug = Type.String({ pattern: '^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$', description: 'lower-case letters, digits and dashes' });
const Lang = Type.String({ pattern: '^[a-z]{2}$' });

export const PageCreateSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Slug,
    lang: Type.Optional(Lang),
    templateId: Type.Optional(Type.String({ maxLength: 40, description: 'Start from a gallery template' })),
    formId: Type.Optional(Type.Integer({ minimum: 1, description: 'The form the template embeds' })),
    html: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    css: Type.Optional(Type.String({ maxLength: 500_000 })),
    settings: Type.Optional(PageSettingsSchema),
  },
  { additionalProperties: false },
);
export type PageCreate = Static<typeof PageCreateSchema>;

export const PagePatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    slug: Type.Optional(Slug),
    lang: Type.Optional(Lang),
    html: Type.Optional(Type.String({ maxLength: 2_000_000 })),
    css: Type.Optional(Type.String({ maxLength: 500_000 })),
    project: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
    settings: Type.Optional(PageSettingsSchema),
  },
  { additionalProperties: false },
);
export type PagePatch = Static<typeof PagePatchSchema>;

export const PageViewSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  status: Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('paused')]),
  lang: Type.String(),
  settings: PageSettingsSchema,
  html: Type.String(),
  css: Type.String(),
  project: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  version: Type.Integer(),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  url: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Type.Union([Type.String(), Type.Null()]),
});
export type PageView = Static<typeof PageViewSchema>;
