export {
  type BrandEmbedOptions,
  type BrandKind,
  brandContainer,
  brandEmbed,
  COLORS,
  containerFromEmbed,
  errorEmbed,
  infoEmbed,
  successEmbed,
  type V2Block,
  warningEmbed,
} from './brand.ts';
export { type ConfirmOptions, confirm, NOT_YOURS, type PaginateOptions, paginate } from './interactive.ts';
