/**
 * NL Design System class names (Rijkshuisstijl community components-css), paired with the
 * UI's own fallback classes: app.css styles the `cw-` classes only when the Rijkshuisstijl
 * stylesheets are absent (`html:not(.cw-rhc)`), so one set of markup works either way.
 */
export const BUTTON_PRIMARY = "utrecht-button utrecht-button--primary-action cw-button";
export const BUTTON_SECONDARY = "utrecht-button utrecht-button--secondary-action cw-button cw-button--secondary";
export const LINK_BUTTON_PRIMARY = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--primary-action cw-button";
export const LINK_BUTTON_SECONDARY = "utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action cw-button cw-button--secondary";
export const TEXTBOX = "utrecht-textbox utrecht-textbox--html-input";
export const SELECT = "utrecht-select utrecht-select--html-select";
export const CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input";
export const FIELDSET = "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset";
export const TABLE = "utrecht-table utrecht-table--html-table";
export const TABLE_HEADER = "utrecht-table__header";
export const TABLE_BODY = "utrecht-table__body";
export const TABLE_ROW = "utrecht-table__row";
export const TABLE_HEADER_CELL = "utrecht-table__header-cell";
export const TABLE_CELL = "utrecht-table__cell";
