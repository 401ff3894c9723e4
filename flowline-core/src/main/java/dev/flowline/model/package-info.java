/**
 * The immutable flow model that back ends read (never the user's class): {@link
 * dev.flowline.model.FlowModel}, {@link dev.flowline.model.StepModel}, {@link
 * dev.flowline.model.ParameterModel} and the step decorators ({@link
 * dev.flowline.model.DecoratorSpec}, annotations and {@code --with} entries). Decorator kinds are
 * registered through the {@link dev.flowline.model.DecoratorType} SPI and looked up in a {@link
 * dev.flowline.model.DecoratorRegistry}.
 */
package dev.flowline.model;
