/** Custom field definitions (/api/v1/fields). */
import type { FieldCreate, FieldDefinitionView, FieldPatch } from '../../../common/fields.js';
import { api, getData } from './client.js';

export type { FieldDefinitionView, FieldCreate, FieldPatch };
export const listFields = () => getData<FieldDefinitionView[]>('/fields');
export const createField = async (body: FieldCreate) => (await api.post<{ data: FieldDefinitionView }>('/fields', body)).data;
export const updateField = async (id: number, body: FieldPatch) => (await api.patch<{ data: FieldDefinitionView }>(`/fields/${id}`, body)).data;
export const deleteField = async (id: number) => (await api.del<{ data: { id: number; key: string; contactsCleared: number } }>(`/fields/${id}`)).data;
