/** The "My account" pages: profile and password, my collections, tokens, teams and invites. */
package org.sregistry.web.console.account;
