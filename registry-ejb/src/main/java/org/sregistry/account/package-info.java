/** Accounts, their roles, and the Caller every permission decision is made for. */
package org.sregistry.account;
