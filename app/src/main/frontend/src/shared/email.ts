/**
 * The e-mail rule of the server's `CustomerForm.EMAIL`, shared by the staff customer form and the portal's contact
 * change: empty (none), or one @ with something on both sides and a dot in the domain; no spaces; at most 200
 * characters.
 */
export const EMAIL = /^$|^[^@\s]+@[^@\s]+\.[^@\s]+$/
export const EMAIL_MAX = 200
