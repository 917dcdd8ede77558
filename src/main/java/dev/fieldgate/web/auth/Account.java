package dev.fieldgate.web.auth;

/**
 * A local account, without its password hash.
 *
 * @param name  sign-in name
 * @param role  what it may do
 */
public record Account(String name, Role role) {
}
