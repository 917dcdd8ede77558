package dev.fieldgate.web;

import dev.fieldgate.web.auth.Role;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role an endpoint needs. Endpoints without it are refused to everyone: access is granted, never
 * assumed. {@link #open()} marks the few that work signed out (sign-in, first-run setup).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Access {

    /** @return the least role, ignored when {@link #open()} */
    Role value() default Role.ADMIN;

    /** @return true for sign-in and setup */
    boolean open() default false;
}
