package io.gridhall.customer.web;

import io.gridhall.customer.CustomerClass;
import io.gridhall.customer.CustomerKind;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a clerk changed in a customer: a field left out (or null) keeps its stored value, so values the screen showed
 * masked are never written back; an empty e-mail clears it. The branch and the accounts are not edited here.
 */
public record CustomerChange(
        CustomerClass customerClass,
        CustomerKind kind,
        String name,
        String idNumber,
        Integer contractedKva,
        Integer contractedDemandKw,
        Integer householdSize,
        String phone,
        String email) {

    /**
     * Fields whose rules read another field: changing the kind re-checks the ID number, changing the class the
     * contracted capacity, changing the capacity the contracted demand (which may not exceed it).
     */
    private static final Map<String, String> DEPENDENTS =
            Map.of("kind", "idNumber", "customerClass", "contractedKva", "contractedKva", "contractedDemandKw");

    /** The fields given. */
    Set<String> fields() {
        Set<String> out = new LinkedHashSet<>();
        if (customerClass != null) out.add("customerClass");
        if (kind != null) out.add("kind");
        if (name != null) out.add("name");
        if (idNumber != null) out.add("idNumber");
        if (contractedKva != null) out.add("contractedKva");
        if (contractedDemandKw != null) out.add("contractedDemandKw");
        if (householdSize != null) out.add("householdSize");
        if (phone != null) out.add("phone");
        if (email != null) out.add("email");
        return out;
    }

    /** The fields whose rules this change must pass: those given and those whose rules read one of them. */
    Set<String> checked() {
        Set<String> out = new LinkedHashSet<>(fields());
        fields().stream()
                .map(DEPENDENTS::get)
                .filter(java.util.Objects::nonNull)
                .forEach(out::add);
        return out;
    }

    CustomerForm applyTo(CustomerForm stored) {
        return new CustomerForm(
                customerClass != null ? customerClass : stored.customerClass(),
                kind != null ? kind : stored.kind(),
                name != null ? name : stored.name(),
                idNumber != null ? idNumber : stored.idNumber(),
                contractedKva != null ? contractedKva : stored.contractedKva(),
                contractedDemandKw != null ? contractedDemandKw : stored.contractedDemandKw(),
                householdSize != null ? householdSize : stored.householdSize(),
                phone != null ? phone : stored.phone(),
                email != null ? email : stored.email(),
                stored.branchId(),
                null,
                null,
                null);
    }
}
