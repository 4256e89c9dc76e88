import { defineResource } from '../../../shared/registry';
import * as answer from './answer.operation';

export const order = defineResource('order', { name: 'Order', operations: { answer } });
